build-prof/obj/lib/refine/peak_fit.o: lib/refine/peak_fit.c \
 include/xrdfit/peaks.h include/xrdfit/error.h include/xrdfit/fit.h \
 include/xrdfit/crystal.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/profile.h lib/analysis/analysis.h \
 lib/refine/lsq.h lib/refine/start.h lib/model/model.h
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
lib/refine/lsq.h:
lib/refine/start.h:
lib/model/model.h:
