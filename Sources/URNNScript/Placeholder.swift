import URNNEngine
