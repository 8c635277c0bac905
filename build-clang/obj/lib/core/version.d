build-clang/obj/lib/core/version.o: lib/core/version.c \
  include/xrdfit/xrdfit.h include/xrdfit/error.h \
  include/xrdfit/pattern.h include/xrdfit/radiation.h \
  include/xrdfit/crystal.h include/xrdfit/phase.h \
  include/xrdfit/profile.h include/xrdfit/instrument.h \
  include/xrdfit/fit.h include/xrdfit/report.h

include/xrdfit/xrdfit.h:

include/xrdfit/error.h:

include/xrdfit/pattern.h:

include/xrdfit/radiation.h:

include/xrdfit/crystal.h:

include/xrdfit/phase.h:

include/xrdfit/profile.h:

include/xrdfit/instrument.h:

include/xrdfit/fit.h:

include/xrdfit/report.h:
