build-clang/obj/lib/refine/strategy.o: lib/refine/strategy.c \
  lib/refine/fit_internal.h lib/model/model.h include/xrdfit/fit.h \
  include/xrdfit/crystal.h include/xrdfit/error.h \
  include/xrdfit/instrument.h include/xrdfit/radiation.h \
  include/xrdfit/pattern.h include/xrdfit/phase.h \
  include/xrdfit/profile.h lib/refine/lsq.h lib/refine/lebail.h \
  lib/refine/start.h

lib/refine/fit_internal.h:

lib/model/model.h:

include/xrdfit/fit.h:

include/xrdfit/crystal.h:

include/xrdfit/error.h:

include/xrdfit/instrument.h:

include/xrdfit/radiation.h:

include/xrdfit/pattern.h:

include/xrdfit/phase.h:

include/xrdfit/profile.h:

lib/refine/lsq.h:

lib/refine/lebail.h:

lib/refine/start.h:
