build-prof/obj/lib/pattern/units.o: lib/pattern/units.c \
 lib/pattern/pattern_internal.h include/xrdfit/pattern.h \
 include/xrdfit/error.h
lib/pattern/pattern_internal.h:
include/xrdfit/pattern.h:
include/xrdfit/error.h:
