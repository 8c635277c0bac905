build-prof/obj/lib/analysis/scan.o: lib/analysis/scan.c \
 lib/analysis/scan.h include/xrdfit/peaks.h include/xrdfit/error.h \
 include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h include/xrdfit/profile.h
lib/analysis/scan.h:
include/xrdfit/peaks.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/profile.h:
