# urnn plot (loss), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads quickstart-loss.png.dat and writes quickstart-loss.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './quickstart-loss.png'
set title 'Training loss by batch (moving average over 20 batches)'
set xlabel 'batch'
set ylabel 'loss'
set grid
set key top right
set logscale y
plot './quickstart-loss.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=64, real, rule=exact, modrelu)', \
     './quickstart-loss.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'orth: urnn(H=64, real, rule=exact, modrelu) (valid)', \
     './quickstart-loss.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'vanilla: rnn(H=64, tanh, init=orthogonal)', \
     './quickstart-loss.png.dat' index 3 using 1:2 with points pt 7 ps 1.2 lc rgb '#d55e00' title 'vanilla: rnn(H=64, tanh, init=orthogonal) (valid)', \
     0.09452007007635617 with lines lw 1.5 dt 2 lc rgb '#555555' title 'baseline'
unset output
