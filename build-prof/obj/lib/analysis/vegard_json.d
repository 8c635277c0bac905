build-prof/obj/lib/analysis/vegard_json.o: lib/analysis/vegard_json.c \
 lib/report/json_writer.h include/xrdfit/vegard.h include/xrdfit/error.h \
 include/xrdfit/phase.h include/xrdfit/crystal.h
lib/report/json_writer.h:
include/xrdfit/vegard.h:
include/xrdfit/error.h:
include/xrdfit/phase.h:
include/xrdfit/crystal.h:
