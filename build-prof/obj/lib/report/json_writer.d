build-prof/obj/lib/report/json_writer.o: lib/report/json_writer.c \
 lib/report/json_writer.h lib/core/numfmt.h
lib/report/json_writer.h:
lib/core/numfmt.h:
