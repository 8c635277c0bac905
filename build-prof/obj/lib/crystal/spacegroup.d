build-prof/obj/lib/crystal/spacegroup.o: lib/crystal/spacegroup.c \
 include/xrdfit/crystal.h include/xrdfit/error.h lib/crystal/sgtable.h
include/xrdfit/crystal.h:
include/xrdfit/error.h:
lib/crystal/sgtable.h:
