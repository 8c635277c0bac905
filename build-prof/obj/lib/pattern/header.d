build-prof/obj/lib/pattern/header.o: lib/pattern/header.c \
 lib/core/numparse.h lib/pattern/pattern_internal.h \
 include/xrdfit/pattern.h include/xrdfit/error.h
lib/core/numparse.h:
lib/pattern/pattern_internal.h:
include/xrdfit/pattern.h:
include/xrdfit/error.h:
