from django.shortcuts import render


def trip_list(request):
    return render(request, "delegations/trip_list.html", {"trips": []})
