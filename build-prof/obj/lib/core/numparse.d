build-prof/obj/lib/core/numparse.o: lib/core/numparse.c \
 lib/core/numparse.h
lib/core/numparse.h:
