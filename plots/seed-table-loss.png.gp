# urnn plot (loss), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads seed-table-loss.png.dat and writes seed-table-loss.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './seed-table-loss.png'
set title 'Training loss by batch (moving average over 10 batches)'
set xlabel 'batch'
set ylabel 'loss'
set grid
set key top right
plot './seed-table-loss.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'rnn: rnn(H=128, tanh, init=orthogonal)', \
     './seed-table-loss.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'rnn: rnn(H=128, tanh, init=orthogonal) (held-out)', \
     './seed-table-loss.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'urnn: urnn(H=128, real, rule=exact, modrelu)', \
     './seed-table-loss.png.dat' index 3 using 1:2 with points pt 7 ps 1.2 lc rgb '#d55e00' title 'urnn: urnn(H=128, real, rule=exact, modrelu) (held-out)'
unset output
