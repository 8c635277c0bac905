build-prof/obj/lib/model/background.o: lib/model/background.c \
 lib/model/model.h include/xrdfit/fit.h include/xrdfit/crystal.h \
 include/xrdfit/error.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h include/xrdfit/profile.h
lib/model/model.h:
include/xrdfit/fit.h:
include/xrdfit/crystal.h:
include/xrdfit/error.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
include/xrdfit/profile.h:
