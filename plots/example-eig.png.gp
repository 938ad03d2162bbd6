# urnn plot (eig), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-eig.png.dat and writes example-eig.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-eig.png'
set title 'Eigenvalues of W'
set xlabel 'real part'
set ylabel 'imaginary part'
set grid
set key outside right top
set size ratio -1
set xrange [-1.5045490075602628:1.5045490075602628]
set yrange [-1.5045490075602628:1.5045490075602628]
plot './example-eig.png.dat' index 0 using 1:2 with lines lw 1 dt 2 lc rgb '#7f7f7f' title 'unit circle', \
     './example-eig.png.dat' index 1 using 1:2 with points pt 7 ps 1.2 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-eig.png.dat' index 2 using 1:2 with points pt 5 ps 1.2 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu)', \
     './example-eig.png.dat' index 3 using 1:2 with points pt 9 ps 1.2 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal)'
unset output
