build-prof/obj/lib/refine/start.o: lib/refine/start.c lib/refine/start.h \
 lib/model/model.h include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/error.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/profile.h
lib/refine/start.h:
lib/model/model.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/error.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/profile.h:
