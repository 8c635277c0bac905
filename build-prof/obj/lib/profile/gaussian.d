build-prof/obj/lib/profile/gaussian.o: lib/profile/gaussian.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
