build-prof/obj/lib/plot/wh_figure.o: lib/plot/wh_figure.c \
 lib/plot/plot_internal.h include/xrdfit/plot.h include/xrdfit/error.h \
 include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h
lib/plot/plot_internal.h:
include/xrdfit/plot.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
