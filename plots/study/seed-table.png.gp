# urnn plot (results), written by urnn for gnuplot 5.
# Run it with gnuplot from this folder: it reads seed-table.png.dat and writes seed-table.png.
reset
set encoding utf8
set terminal pngcairo noenhanced size 900,600 font 'sans,10'
set output './seed-table.png'
set title 'KJV, next word: test accuracy by input length'
set xlabel 'seq'
set ylabel 'accuracy'
set grid
set key below
plot './seed-table.png.dat' index 0 using 1:2:3 with yerrorlines pt 7 ps 0.8 lw 2 dt 1 lc rgb '#0072b2' title 'arch=bigram, model=bigram', \
     './seed-table.png.dat' index 1 using 1:2:3 with yerrorlines pt 5 ps 0.8 lw 2 dt 1 lc rgb '#d55e00' title 'arch=trigram, model=trigram', \
     './seed-table.png.dat' index 2 using 1:2:3 with yerrorlines pt 9 ps 0.8 lw 2 dt 1 lc rgb '#009e73' title 'arch=rnn, model=rnn', \
     './seed-table.png.dat' index 3 using 1:2:3 with yerrorlines pt 13 ps 0.8 lw 2 dt 1 lc rgb '#cc79a7' title 'arch=lstm, model=lstm', \
     './seed-table.png.dat' index 4 using 1:2:3 with yerrorlines pt 11 ps 0.8 lw 2 dt 1 lc rgb '#e69f00' title 'arch=seed, model=seed_rule', \
     './seed-table.png.dat' index 5 using 1:2:3 with yerrorlines pt 15 ps 0.8 lw 2 dt 1 lc rgb '#56b4e9' title 'arch=exact, model=exact', \
     './seed-table.png.dat' index 6 using 1:2:3 with yerrorlines pt 1 ps 0.8 lw 2 dt 1 lc rgb '#7f7f7f' title 'arch=complex, model=complex_exact'
unset output
