build-prof/obj/lib/profile/split_pearson7.o: lib/profile/split_pearson7.c \
 lib/profile/profile_internal.h include/xrdfit/profile.h \
 include/xrdfit/error.h
lib/profile/profile_internal.h:
include/xrdfit/profile.h:
include/xrdfit/error.h:
