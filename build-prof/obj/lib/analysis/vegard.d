build-prof/obj/lib/analysis/vegard.o: lib/analysis/vegard.c \
 lib/core/numfmt.h include/xrdfit/report.h include/xrdfit/error.h \
 include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h include/xrdfit/vegard.h
lib/core/numfmt.h:
include/xrdfit/report.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/vegard.h:
