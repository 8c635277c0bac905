build-prof/obj/lib/model/instrument.o: lib/model/instrument.c \
 include/xrdfit/instrument.h include/xrdfit/error.h \
 include/xrdfit/radiation.h
include/xrdfit/instrument.h:
include/xrdfit/error.h:
include/xrdfit/radiation.h:
