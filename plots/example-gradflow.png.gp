# urnn plot (gradflow), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-gradflow.png.dat and writes example-gradflow.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-gradflow.png'
set title 'Gradient flow through time'
set xlabel 'time step t'
set ylabel '||dL/dh_t||'
set grid
set key bottom right
set logscale y
plot './example-gradflow.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-gradflow.png.dat' index 1 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu)', \
     './example-gradflow.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#009e73' title 'vanilla: rnn(H=48, tanh, init=orthogonal)'
unset output
