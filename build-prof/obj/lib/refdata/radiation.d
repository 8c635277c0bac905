build-prof/obj/lib/refdata/radiation.o: lib/refdata/radiation.c \
 include/xrdfit/radiation.h include/xrdfit/error.h
include/xrdfit/radiation.h:
include/xrdfit/error.h:
