# urnn plot (results), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads unitarity.png.dat and writes unitarity.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './unitarity.png'
set title 'unitarity error ||W W^T - I||_F by step'
set xlabel 'step'
set ylabel 'unitarity'
set grid
set key below
set logscale y
set format y '%g'
plot './unitarity.png.dat' index 0 using 1:2:3 with yerrorlines pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'rule=free, model=free', \
     './unitarity.png.dat' index 1 using 1:2:3 with yerrorlines pt 5 ps 0.8 lw 2 dt 1 lc rgb '#d55e00' title 'rule=cayley, model=cayley', \
     './unitarity.png.dat' index 2 using 1:2:3 with yerrorlines pt 9 ps 0.8 lw 2 dt 1 lc rgb '#009e73' title 'rule=seed, model=seed_rule', \
     './unitarity.png.dat' index 3 using 1:2:3 with yerrorlines pt 13 ps 0.8 lw 2 dt 1 lc rgb '#cc79a7' title 'rule=exact, model=exact'
unset output
