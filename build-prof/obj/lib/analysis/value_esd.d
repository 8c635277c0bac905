build-prof/obj/lib/analysis/value_esd.o: lib/analysis/value_esd.c \
 lib/core/numparse.h include/xrdfit/vegard.h include/xrdfit/error.h \
 include/xrdfit/phase.h include/xrdfit/crystal.h
lib/core/numparse.h:
include/xrdfit/vegard.h:
include/xrdfit/error.h:
include/xrdfit/phase.h:
include/xrdfit/crystal.h:
