# urnn plot (accuracy), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-accuracy.png.dat and writes example-accuracy.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-accuracy.png'
set title 'Accuracy by batch (moving average over 10 batches)'
set xlabel 'batch'
set ylabel 'accuracy'
set grid
set key bottom right
plot './example-accuracy.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-accuracy.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu) (valid)', \
     './example-accuracy.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu)', \
     './example-accuracy.png.dat' index 3 using 1:2 with points pt 7 ps 1.2 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu) (valid)', \
     './example-accuracy.png.dat' index 4 using 1:2 with lines lw 2 dt 1 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal)', \
     './example-accuracy.png.dat' index 5 using 1:2 with points pt 7 ps 1.2 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal) (valid)'
unset output
