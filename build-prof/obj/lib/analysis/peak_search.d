build-prof/obj/lib/analysis/peak_search.o: lib/analysis/peak_search.c \
 include/xrdfit/peaks.h include/xrdfit/error.h include/xrdfit/fit.h \
 include/xrdfit/crystal.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/profile.h lib/analysis/analysis.h
include/xrdfit/peaks.h:
include/xrdfit/error.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/profile.h:
lib/analysis/analysis.h:
