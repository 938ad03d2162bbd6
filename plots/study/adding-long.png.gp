# urnn plot (results), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads adding-long.png.dat and writes adding-long.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './adding-long.png'
set title 'adding problem, T = 750: test MSE by step'
set xlabel 'step'
set ylabel 'loss'
set grid
set key below
set logscale y
set format y '%g'
set ytics (0.1, 0.2, 0.5, 1, 2)
plot './adding-long.png.dat' index 0 using 1:2:3 with yerrorlines pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'arch=rnn'
unset output
