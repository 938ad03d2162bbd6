# urnn plot (gradflow), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads quickstart-gradflow.png.dat and writes quickstart-gradflow.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './quickstart-gradflow.png'
set title 'Gradient flow through time'
set xlabel 'time step t'
set ylabel '||dL/dh_t||'
set grid
set key bottom right
set logscale y
plot './quickstart-gradflow.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=64, real, rule=exact, modrelu)', \
     './quickstart-gradflow.png.dat' index 1 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'vanilla: rnn(H=64, tanh, init=orthogonal)'
unset output
