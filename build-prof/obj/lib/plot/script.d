build-prof/obj/lib/plot/script.o: lib/plot/script.c \
 lib/plot/plot_internal.h include/xrdfit/plot.h include/xrdfit/error.h \
 include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h include/xrdfit/xrdfit.h \
 include/xrdfit/profile.h include/xrdfit/report.h include/xrdfit/vegard.h \
 include/xrdfit/analyze.h include/xrdfit/peaks.h
lib/plot/plot_internal.h:
include/xrdfit/plot.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/xrdfit.h:
include/xrdfit/profile.h:
include/xrdfit/report.h:
include/xrdfit/vegard.h:
include/xrdfit/analyze.h:
include/xrdfit/peaks.h:
