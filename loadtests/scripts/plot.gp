# Plots for the load-test report. Called by `LoadGen report` once per plot with
#   gnuplot -e "kind='throughput|latency|warmup'; datafile='...'; outfile='...'; plottitle='...'; columns=N" plot.gp
# where columns is the number of columns of the data file.
# Data files (written by LoadGen report):
#   throughput.dat  "contender" median min max           (req/s)
#   latency.dat     "contender" p50 p90 p99 p99.9         (ms)
#   warmup.dat      header "second" "c1" "c2"...; then second v1 v2...  (req/s)

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 1100,600 font "sans,10"
} else {
    set terminal png size 1100,600
}
set output outfile
set title plottitle
set grid ytics
set key top right
set border 3
set tics nomirror

if (kind eq 'throughput') {
    set ylabel "requests per second"
    set yrange [0:*]
    set style fill solid 0.6 border -1
    set boxwidth 0.6
    set xtics rotate by -20
    plot datafile using 0:2:xtic(1) with boxes lc rgb "#4477aa" title "median", \
         '' using 0:2:3:4 with yerrorbars lc rgb "black" pt 0 title "min-max of rounds"
}

if (kind eq 'latency') {
    set ylabel "latency (ms, log scale)"
    set logscale y
    set style data histogram
    set style histogram clustered gap 1
    set style fill solid 0.7 border -1
    set xtics rotate by -20
    plot datafile using 2:xtic(1) title "p50" lc rgb "#4477aa", \
         '' using 3 title "p90" lc rgb "#66ccee", \
         '' using 4 title "p99" lc rgb "#ccbb44", \
         '' using 5 title "p99.9" lc rgb "#ee6677"
}

if (kind eq 'warmup') {
    set ylabel "requests per second"
    set xlabel "seconds after start"
    set yrange [0:*]
    set key autotitle columnhead
    plot for [i=2:columns] datafile using 1:i with linespoints pt 7 ps 0.5 lw 2
}
