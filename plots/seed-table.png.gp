# urnn plot (results), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads seed-table.png.dat and writes seed-table.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './seed-table.png'
set title 'accuracy by seq, one line per model'
set xlabel 'seq'
set ylabel 'accuracy'
set grid
set key top right
plot './seed-table.png.dat' index 0 using 1:2 with linespoints pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'rnn', \
     './seed-table.png.dat' index 1 using 1:2 with linespoints pt 5 ps 0.8 lw 2 dt 1 lc rgb '#d55e00' title 'urnn'
unset output
