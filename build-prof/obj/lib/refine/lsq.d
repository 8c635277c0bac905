build-prof/obj/lib/refine/lsq.o: lib/refine/lsq.c lib/refine/lsq.h \
 include/xrdfit/error.h
lib/refine/lsq.h:
include/xrdfit/error.h:
