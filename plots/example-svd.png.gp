# urnn plot (svd), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-svd.png.dat and writes example-svd.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-svd.png'
set title 'Singular values of W'
set xlabel 'index i (largest first)'
set ylabel 'singular value'
set grid
set key top right
plot './example-svd.png.dat' index 0 using 1:2 with linespoints pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-svd.png.dat' index 1 using 1:2 with linespoints pt 5 ps 0.8 lw 2 dt 1 lc rgb '#d55e00' title 'free: urnn(H=48, real, rule=free, modrelu)', \
     './example-svd.png.dat' index 2 using 1:2 with linespoints pt 9 ps 0.8 lw 2 dt 1 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal)'
unset output
