module github.com/jdfalk/ghcommon

go 1.25
