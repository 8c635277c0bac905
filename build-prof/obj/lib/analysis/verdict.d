build-prof/obj/lib/analysis/verdict.o: lib/analysis/verdict.c \
 lib/analysis/analyze_internal.h lib/analysis/scan.h \
 include/xrdfit/peaks.h include/xrdfit/error.h include/xrdfit/fit.h \
 include/xrdfit/crystal.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/profile.h include/xrdfit/analyze.h \
 include/xrdfit/vegard.h
lib/analysis/analyze_internal.h:
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
include/xrdfit/analyze.h:
include/xrdfit/vegard.h:
