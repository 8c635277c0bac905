build-prof/obj/lib/core/numfmt.o: lib/core/numfmt.c lib/core/numfmt.h
lib/core/numfmt.h:
