build-prof/obj/lib/report/curves_csv.o: lib/report/curves_csv.c \
 lib/core/numfmt.h include/xrdfit/report.h include/xrdfit/error.h \
 include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h
lib/core/numfmt.h:
include/xrdfit/report.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
