build-prof/obj/lib/plot/fit_json_read.o: lib/plot/fit_json_read.c \
 lib/plot/json_parse.h include/xrdfit/error.h include/xrdfit/crystal.h \
 include/xrdfit/plot.h include/xrdfit/fit.h include/xrdfit/instrument.h \
 include/xrdfit/radiation.h include/xrdfit/pattern.h \
 include/xrdfit/phase.h
lib/plot/json_parse.h:
include/xrdfit/error.h:
include/xrdfit/crystal.h:
include/xrdfit/plot.h:
include/xrdfit/fit.h:
include/xrdfit/instrument.h:
include/xrdfit/radiation.h:
include/xrdfit/pattern.h:
include/xrdfit/phase.h:
