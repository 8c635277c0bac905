build-prof/obj/lib/crystal/cell.o: lib/crystal/cell.c \
 include/xrdfit/crystal.h include/xrdfit/error.h lib/crystal/cellmath.h
include/xrdfit/crystal.h:
include/xrdfit/error.h:
lib/crystal/cellmath.h:
