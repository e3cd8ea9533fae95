module github.com/ssmsim/ssmsim

go 1.26
