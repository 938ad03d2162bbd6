# urnn plot (loss), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-loss.png.dat and writes example-loss.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-loss.png'
set title 'Training loss by batch (moving average over 10 batches)'
set xlabel 'batch'
set ylabel 'loss'
set grid
set key top right
set logscale y
plot './example-loss.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-loss.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu) (valid)', \
     './example-loss.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu)', \
     './example-loss.png.dat' index 3 using 1:2 with points pt 7 ps 1.2 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu) (valid)', \
     './example-loss.png.dat' index 4 using 1:2 with lines lw 2 dt 1 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal)', \
     './example-loss.png.dat' index 5 using 1:2 with points pt 7 ps 1.2 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal) (valid)', \
     0.2970630773828337 with lines lw 1.5 dt 2 lc rgb '#555555' title 'baseline'
unset output
