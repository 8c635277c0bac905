build-clang/obj/cli/common.o: cli/common.c cli/cli.h \
  include/xrdfit/xrdfit.h include/xrdfit/error.h \
  include/xrdfit/pattern.h include/xrdfit/radiation.h \
  include/xrdfit/crystal.h include/xrdfit/phase.h \
  include/xrdfit/profile.h include/xrdfit/instrument.h \
  include/xrdfit/fit.h include/xrdfit/report.h

cli/cli.h:

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
