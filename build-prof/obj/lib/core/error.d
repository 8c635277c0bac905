build-prof/obj/lib/core/error.o: lib/core/error.c include/xrdfit/error.h
include/xrdfit/error.h:
