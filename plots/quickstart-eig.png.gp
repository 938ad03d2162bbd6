# urnn plot (eig), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads quickstart-eig.png.dat and writes quickstart-eig.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './quickstart-eig.png'
set title 'Eigenvalues of W'
set xlabel 'real part'
set ylabel 'imaginary part'
set grid
set key outside right top
set size ratio -1
set xrange [-1.7409959127465946:1.7409959127465946]
set yrange [-1.7409959127465946:1.7409959127465946]
plot './quickstart-eig.png.dat' index 0 using 1:2 with lines lw 1 dt 2 lc rgb '#7f7f7f' title 'unit circle', \
     './quickstart-eig.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'orth: urnn(H=64, real, rule=exact, modrelu)', \
     './quickstart-eig.png.dat' index 2 using 1:2 with points pt 5 ps 1.2 lc rgb '#d55e00' title 'vanilla: rnn(H=64, tanh, init=orthogonal)'
unset output
