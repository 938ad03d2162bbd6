# urnn plot (unitarity), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads example-unitarity.png.dat and writes example-unitarity.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './example-unitarity.png'
set title 'Unitarity error of W during training'
set xlabel 'batch'
set ylabel '||W*W - I||_F'
set grid
set key top left
set logscale y
plot './example-unitarity.png.dat' index 0 using 1:2 with lines lw 2 dt 1 lc rgb '#0072b2' title 'orth: urnn(H=48, real, rule=exact, modrelu)', \
     './example-unitarity.png.dat' index 1 using 1:2 with lines lw 2 dt 1 lc rgb '#d55e00' title 'cplx: urnn(H=32, complex, rule=exact, modrelu)', \
     './example-unitarity.png.dat' index 2 using 1:2 with lines lw 2 dt 1 lc rgb '#009e73' title 'free: urnn(H=48, real, rule=free, modrelu)'
unset output
