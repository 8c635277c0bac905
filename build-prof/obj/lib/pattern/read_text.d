build-prof/obj/lib/pattern/read_text.o: lib/pattern/read_text.c \
 lib/core/numparse.h lib/pattern/pattern_internal.h \
 include/xrdfit/pattern.h include/xrdfit/error.h
lib/core/numparse.h:
lib/pattern/pattern_internal.h:
include/xrdfit/pattern.h:
include/xrdfit/error.h:
