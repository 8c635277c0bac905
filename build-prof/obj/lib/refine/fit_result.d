build-prof/obj/lib/refine/fit_result.o: lib/refine/fit_result.c \
 lib/model/peak.h lib/model/model.h include/xrdfit/fit.h \
 include/xrdfit/crystal.h include/xrdfit/error.h \
 include/xrdfit/instrument.h include/xrdfit/radiation.h \
 include/xrdfit/pattern.h include/xrdfit/phase.h include/xrdfit/profile.h \
 lib/refine/fit_internal.h lib/refine/lsq.h lib/refine/lebail.h
lib/model/peak.h:
lib/model/model.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/error.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/profile.h:
lib/refine/fit_internal.h:
lib/refine/lsq.h:
lib/refine/lebail.h:
