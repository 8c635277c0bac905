build-prof/obj/lib/crystal/reflections.o: lib/crystal/reflections.c \
 include/xrdfit/crystal.h include/xrdfit/error.h lib/crystal/cellmath.h
include/xrdfit/crystal.h:
include/xrdfit/error.h:
lib/crystal/cellmath.h:
