# urnn plot (results), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-results.png.dat and writes example-results.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-results.png'
set title 'loss by seq, one line per model'
set xlabel 'seq'
set ylabel 'loss'
set grid
set key top right
plot './example-results.png.dat' index 0 using 1:2 with linespoints pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'orth', \
     './example-results.png.dat' index 1 using 1:2 with linespoints pt 5 ps 0.8 lw 2 dt 1 lc rgb '#d55e00' title 'cplx', \
     './example-results.png.dat' index 2 using 1:2 with linespoints pt 9 ps 0.8 lw 2 dt 1 lc rgb '#009e73' title 'vanilla'
unset output
