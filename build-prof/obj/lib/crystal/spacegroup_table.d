build-prof/obj/lib/crystal/spacegroup_table.o: \
 lib/crystal/spacegroup_table.c lib/crystal/sgtable.h
lib/crystal/sgtable.h:
