build-prof/obj/lib/pattern/pattern.o: lib/pattern/pattern.c \
 lib/pattern/pattern_internal.h include/xrdfit/pattern.h \
 include/xrdfit/error.h
lib/pattern/pattern_internal.h:
include/xrdfit/pattern.h:
include/xrdfit/error.h:
