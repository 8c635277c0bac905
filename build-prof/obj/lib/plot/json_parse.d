build-prof/obj/lib/plot/json_parse.o: lib/plot/json_parse.c \
 lib/plot/json_parse.h include/xrdfit/error.h lib/core/numparse.h
lib/plot/json_parse.h:
include/xrdfit/error.h:
lib/core/numparse.h:
