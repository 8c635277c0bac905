build-prof/obj/lib/profile/pearson7.o: lib/profile/pearson7.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
